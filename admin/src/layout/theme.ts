import { defaultTheme, type RaThemeOptions } from 'react-admin';

/**
 * react-admin's default theme with system fonts (nothing is fetched from a font CDN) and colours
 * that keep text at a contrast of 4.5:1 or more (WCAG AA): a darker primary blue for text buttons,
 * darker secondary text.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1a4f9c' },
    secondary: { main: '#37474f' },
    error: { main: '#b71c1c' },
    success: { main: '#1b5e20' },
    warning: { main: '#8a4b00' },
    info: { main: '#0d47a1' },
    text: { primary: 'rgba(0, 0, 0, 0.87)', secondary: 'rgba(0, 0, 0, 0.68)' },
  },
  typography: {
    ...defaultTheme.typography,
    fontFamily: ['system-ui', '-apple-system', '"Segoe UI"', 'Roboto', '"Helvetica Neue"', 'Arial', 'sans-serif'].join(','),
  },
};
