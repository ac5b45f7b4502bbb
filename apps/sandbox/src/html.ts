/** For the few table cells the pages build as HTML strings (everything else is escaped by Nunjucks). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
