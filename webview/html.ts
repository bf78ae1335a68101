/**
 * The panel's HTML page, shared by the extension (which passes `asWebviewUri` URIs and
 * `webview.cspSource`) and the test fixture (which passes its own origin). Pure: no
 * `vscode`, no DOM.
 *
 * The Content-Security-Policy allows nothing by default: scripts only with the nonce,
 * styles and images only from the webview's own resource roots (dist/ and media/), no
 * inline styles (the page positions boxes through the CSSOM, which CSP allows), no remote
 * content, no eval (elkjs runs in-page through its bundled fake worker, without eval).
 */
export interface PanelHtmlOptions {
  /** URI of dist/webview.js as the webview sees it. */
  readonly scriptUri: string;
  /** URI of media/panel.css as the webview sees it. */
  readonly styleUri: string;
  /** `webview.cspSource`: the origin of the local resource roots. */
  readonly cspSource: string;
  /** A fresh random nonce per page (at least 128 bits, base64 or hex). */
  readonly nonce: string;
  readonly title?: string;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function panelHtml(o: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) {
    throw new Error(`panelHtml: the nonce "${o.nonce}" is not a base64/hex string of at least 16 characters; pass a fresh random nonce.`);
  }
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource}`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>${escapeAttr(o.title ?? 'Interleave')}</title>
</head>
<body>
<div id="root" class="panel"></div>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
