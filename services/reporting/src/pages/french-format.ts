const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "full", timeStyle: "short", timeZone: "Europe/Paris" });
const dateOnly = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

export const formatPercent = (value: number | null) => (value === null ? "–" : percent.format(value));
export const formatHours = (value: number | null) => (value === null ? "–" : `${decimal.format(value)} h`);
export const formatNumber = (value: number) => decimal.format(value);
export const formatDateTime = (value: Date) => dateTime.format(value);
export const formatDate = (value: Date) => dateOnly.format(value);
