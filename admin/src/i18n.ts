import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';

/**
 * react-admin's English messages, with the notices operators see most in plain words. The order
 * pages name the order in their own notices ("Order B-000003 saved"); these are the fallbacks.
 */
const messages = {
  ...englishMessages,
  ra: {
    ...englishMessages.ra,
    message: {
      ...englishMessages.ra.message,
      invalid_form: 'Not saved: correct the fields marked in red',
    },
    notification: {
      ...englishMessages.ra.notification,
      updated: 'Saved',
      created: 'Created',
      deleted: 'Deleted',
      http_error: 'The server did not answer as expected',
    },
  },
};

export const i18nProvider = polyglotI18nProvider(() => messages, 'en', [{ locale: 'en', name: 'English' }], { allowMissing: true });
