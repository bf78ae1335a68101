/**
 * The three VS Code theme kinds as the fixture page applies them: the body class VS Code
 * sets (`vscode-light`, `vscode-dark`, `vscode-high-contrast`) and a subset of the
 * `--vscode-*` variables it injects, with the values of the default themes.
 */
export type ThemeKind = 'light' | 'dark' | 'high-contrast';

const common = (v: Record<string, string>) => Object.entries(v).map(([k, x]) => `  --vscode-${k}: ${x};`).join('\n');

export const THEMES: Record<ThemeKind, { bodyClass: string; css: string }> = {
  light: {
    bodyClass: 'vscode-light',
    css: `html {\n${common({
      'font-family': 'sans-serif', 'font-size': '13px', foreground: '#3b3b3b', 'editor-background': '#ffffff',
      'panel-border': '#e5e5e5', 'widget-border': '#e5e5e5', descriptionForeground: '#717171', focusBorder: '#005fb8',
      'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#e5e5e5', 'charts-foreground': '#616161',
      'charts-red': '#e51400', 'charts-blue': '#1a85ff', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616',
      'charts-green': '#388a34', 'charts-purple': '#652d90', 'editorCursor-foreground': '#000000',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b', 'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece',
      'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'errorForeground': '#f85149',
      'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-border': '#c8c8c8', 'textBlockQuote-background': '#f8f8f8',
    })}\n}\n`,
  },
  dark: {
    bodyClass: 'vscode-dark',
    css: `html {\n${common({
      'font-family': 'sans-serif', 'font-size': '13px', foreground: '#cccccc', 'editor-background': '#1f1f1f',
      'panel-border': '#2b2b2b', 'widget-border': '#313131', descriptionForeground: '#9d9d9d', focusBorder: '#0078d4',
      'editorWidget-background': '#202020', 'editorWidget-border': '#454545', 'charts-foreground': '#cccccc',
      'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700', 'charts-orange': '#d18616',
      'charts-green': '#89d185', 'charts-purple': '#b180d7', 'editorCursor-foreground': '#aeafad',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc', 'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c',
      'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'errorForeground': '#f85149',
      'editorHoverWidget-background': '#202020', 'editorHoverWidget-border': '#454545', 'textBlockQuote-background': '#2b2b2b',
    })}\n}\n`,
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    css: `html {\n${common({
      'font-family': 'sans-serif', 'font-size': '13px', foreground: '#ffffff', 'editor-background': '#000000',
      'panel-border': '#6fc3df', 'widget-border': '#6fc3df', descriptionForeground: '#ffffff', focusBorder: '#f38518',
      'contrastBorder': '#6fc3df', 'contrastActiveBorder': '#f38518',
      'editorWidget-background': '#0c141f', 'editorWidget-border': '#6fc3df', 'charts-foreground': '#ffffff',
      'charts-red': '#f48771', 'charts-blue': '#3794ff', 'charts-yellow': '#ffd700', 'charts-orange': '#f38518',
      'charts-green': '#89d185', 'charts-purple': '#b180d7', 'editorCursor-foreground': '#ffffff',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff', 'input-background': '#000000', 'input-foreground': '#ffffff', 'input-border': '#6fc3df',
      'badge-background': '#000000', 'badge-foreground': '#ffffff', 'errorForeground': '#f48771',
      'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-border': '#6fc3df', 'textBlockQuote-background': '#000000',
    })}\n}\n`,
  },
};
