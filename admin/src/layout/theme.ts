import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** react-admin's default theme with system fonts (nothing is fetched from a font CDN). */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  typography: {
    ...defaultTheme.typography,
    fontFamily: ['system-ui', '-apple-system', '"Segoe UI"', 'Roboto', '"Helvetica Neue"', 'Arial', 'sans-serif'].join(','),
  },
};
