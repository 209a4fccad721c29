/**
 * The town's colours as CSS custom properties, read by guichet.css. Only validated values reach
 * it (config.ts checks the format and the contrast with white text).
 */
export function themeCss(town: { name: string; primaryColor: string }): string {
  return `/* ${town.name.replace(/\*\//g, "")} */
:root {
  --town-primary: ${town.primaryColor};
  --town-on-primary: #ffffff;
}
`;
}
