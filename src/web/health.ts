// GET /healthz, the same body in every mode (console, Slack over HTTP or Socket Mode, Discord; with or without
// PUBLIC_URL): {"ok":true,"pages":"<PUBLIC_URL>"} or {"ok":true,"pages":null} when no pages are served.
// Answered by the pages' server when there is one, else by Slack's own receiver; no imports, so any adapter may use it.
export function healthBody(pages: string | null): string {
  return JSON.stringify({ ok: true, pages });
}
