// One way to show dates everywhere: the browser's locale, date and time (e.g. "30 Nov 2026, 14:05:09").

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const hourOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
}

/** The hour of a chart's axis ("14:00"), in the browser's locale. */
export const formatHour = (value: Date | string): string => hourOnly.format(new Date(value));

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "12 seconds ago", "3 minutes ago", in the browser's locale; "never" for none. */
export function formatAgo(value: string | null | undefined, now = Date.now()): string {
  if (!value) return 'never';
  const at = Date.parse(value);
  if (Number.isNaN(at)) return value;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return relative.format(-seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return relative.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return relative.format(-hours, 'hour');
  return relative.format(-Math.round(hours / 24), 'day');
}

/** A duration in seconds as words: "0.4 s", "2 min 5 s", "1 h 3 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
