// What VS Code gives every webview before the page's own stylesheets: the theme's --vscode-*
// variables (abridged) and its default stylesheet. Pure, so the bench's pages use it too
// (bench/lib/panelPage.mjs).

// The stylesheet VS Code puts first in every webview (its webview host page,
// out/vs/workbench/contrib/webview/browser/pre/index.html, "_defaultStyles"), as VS Code 1.100
// ships it. 1.139 wraps the same rules in `@layer vscode-default`, which every page rule beats;
// 1.100's are unlayered, so they win wherever our stylesheets say nothing (`img { max-height:
// 100% }` squashed the panel's image). The page tests serve it first, as VS Code does.

export const VSCODE_WEBVIEW_DEFAULT_STYLES = `
html {
	scrollbar-color: var(--vscode-scrollbarSlider-background) var(--vscode-editor-background);
}

body {
	overscroll-behavior-x: none;
	background-color: transparent;
	color: var(--vscode-editor-foreground);
	font-family: var(--vscode-font-family);
	font-weight: var(--vscode-font-weight);
	font-size: var(--vscode-font-size);
	margin: 0;
	padding: 0 20px;
}

img, video {
	max-width: 100%;
	max-height: 100%;
}

a, a code {
	color: var(--vscode-textLink-foreground);
}

p > a {
	text-decoration: var(--text-link-decoration);
}

a:hover {
	color: var(--vscode-textLink-activeForeground);
}

a:focus,
input:focus,
select:focus,
textarea:focus {
	outline: 1px solid -webkit-focus-ring-color;
	outline-offset: -1px;
}

code {
	font-family: var(--monaco-monospace-font);
	color: var(--vscode-textPreformat-foreground);
	background-color: var(--vscode-textPreformat-background);
	padding: 1px 3px;
	border-radius: 4px;
}

pre code {
	padding: 0;
}

blockquote {
	background: var(--vscode-textBlockQuote-background);
	border-color: var(--vscode-textBlockQuote-border);
}

kbd {
	background-color: var(--vscode-keybindingLabel-background);
	color: var(--vscode-keybindingLabel-foreground);
	border-style: solid;
	border-width: 1px;
	border-radius: 3px;
	border-color: var(--vscode-keybindingLabel-border);
	border-bottom-color: var(--vscode-keybindingLabel-bottomBorder);
	box-shadow: inset 0 -1px 0 var(--vscode-widget-shadow);
	vertical-align: middle;
	padding: 1px 3px;
}

::-webkit-scrollbar {
	width: 10px;
	height: 10px;
}

::-webkit-scrollbar-corner {
	background-color: var(--vscode-editor-background);
}

::-webkit-scrollbar-thumb {
	background-color: var(--vscode-scrollbarSlider-background);
}
::-webkit-scrollbar-thumb:hover {
	background-color: var(--vscode-scrollbarSlider-hoverBackground);
}
::-webkit-scrollbar-thumb:active {
	background-color: var(--vscode-scrollbarSlider-activeBackground);
}
::highlight(find-highlight) {
	background-color: var(--vscode-editor-findMatchHighlightBackground);
}
::highlight(current-find-highlight) {
	background-color: var(--vscode-editor-findMatchBackground);
`;

// ── Themes: the variables VS Code defines for a webview, abridged ──────────────────────────

const COMMON_VARIABLES = {
  'font-family':
    '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '13px',
};

export const THEMES: Record<string, { bodyClass: string; variables: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    variables: {
      foreground: '#cccccc',
      descriptionForeground: '#ccccccb3',
      errorForeground: '#f48771',
      focusBorder: '#007fd4',
      'charts-orange': '#d18616',
      'charts-blue': '#3794ff',
      'charts-purple': '#b180d7',
      'icon-foreground': '#c5c5c5',
      'editor-background': '#1e1e1e',
      'editor-foreground': '#d4d4d4',
      'sideBar-background': '#252526',
      'panel-border': '#80808059',
      'widget-border': '#303031',
      'editorWidget-border': '#454545',
      'input-background': '#3c3c3c',
      'input-foreground': '#cccccc',
      'input-placeholderForeground': '#a6a6a6',
      'inputOption-activeBackground': '#007fd466',
      'inputOption-activeBorder': '#007acc',
      'inputOption-activeForeground': '#ffffff',
      'button-background': '#0e639c',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#1177bb',
      'button-secondaryBackground': '#3a3d41',
      'button-secondaryForeground': '#ffffff',
      'button-secondaryHoverBackground': '#45494e',
      'textLink-foreground': '#3794ff',
      'textLink-activeForeground': '#3794ff',
      'textCodeBlock-background': '#0a0a0a66',
      'textPreformat-foreground': '#d7ba7d',
      'textPreformat-background': '#ffffff1a',
      'textBlockQuote-background': '#222222',
      'textBlockQuote-border': '#007acc80',
      'textSeparator-foreground': '#ffffff2e',
      'badge-background': '#4d4d4d',
      'badge-foreground': '#ffffff',
      'progressBar-background': '#0e70c0',
      'toolbar-hoverBackground': '#5a5d5e50',
      'list-hoverBackground': '#2a2d2e',
      'scrollbarSlider-background': '#79797966',
      'scrollbarSlider-hoverBackground': '#646464b3',
      'scrollbarSlider-activeBackground': '#bfbfbf66',
      'inputValidation-errorBackground': '#5a1d1d',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-warningBorder': '#b89500',
      'chat-requestBackground': '#1e1e1e9e',
      'chat-requestBorder': '#ffffff1a',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    variables: {
      foreground: '#616161',
      descriptionForeground: '#717171',
      errorForeground: '#a1260d',
      focusBorder: '#0090f1',
      'charts-orange': '#d18616',
      'charts-blue': '#1a85ff',
      'charts-purple': '#652d90',
      'icon-foreground': '#424242',
      'editor-background': '#ffffff',
      'editor-foreground': '#000000',
      'sideBar-background': '#f3f3f3',
      'panel-border': '#80808059',
      'widget-border': '#d4d4d4',
      'editorWidget-border': '#c8c8c8',
      'input-background': '#ffffff',
      'input-foreground': '#616161',
      'input-border': '#cecece',
      'input-placeholderForeground': '#767676',
      'inputOption-activeBackground': '#0090f133',
      'inputOption-activeBorder': '#007acc',
      'inputOption-activeForeground': '#000000',
      'button-background': '#007acc',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0062a3',
      'button-secondaryBackground': '#5f6a79',
      'button-secondaryForeground': '#ffffff',
      'button-secondaryHoverBackground': '#4c5561',
      'textLink-foreground': '#006ab1',
      'textLink-activeForeground': '#006ab1',
      'textCodeBlock-background': '#dcdcdc66',
      'textPreformat-foreground': '#a31515',
      'textPreformat-background': '#0000001a',
      'textBlockQuote-background': '#f2f2f2',
      'textBlockQuote-border': '#007acc80',
      'textSeparator-foreground': '#0000002e',
      'badge-background': '#c4c4c4',
      'badge-foreground': '#333333',
      'progressBar-background': '#0e70c0',
      'toolbar-hoverBackground': '#b8b8b850',
      'list-hoverBackground': '#e8e8e8',
      'scrollbarSlider-background': '#64646466',
      'scrollbarSlider-hoverBackground': '#646464b3',
      'scrollbarSlider-activeBackground': '#00000099',
      'inputValidation-errorBackground': '#f2dede',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-warningBorder': '#b89500',
      'chat-requestBackground': '#ffffff9e',
      'chat-requestBorder': '#0000001a',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    variables: {
      foreground: '#ffffff',
      descriptionForeground: '#ffffffb3',
      errorForeground: '#f48771',
      focusBorder: '#f38518',
      'charts-orange': '#d18616',
      'charts-blue': '#3794ff',
      'charts-purple': '#b180d7',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      'icon-foreground': '#ffffff',
      'editor-background': '#000000',
      'editor-foreground': '#ffffff',
      'sideBar-background': '#000000',
      'panel-border': '#6fc3df',
      'widget-border': '#6fc3df',
      'input-background': '#000000',
      'input-foreground': '#ffffff',
      'input-border': '#6fc3df',
      'input-placeholderForeground': '#ffffffb3',
      'inputOption-activeBorder': '#6fc3df',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff',
      'textLink-foreground': '#21a6ff',
      'textLink-activeForeground': '#21a6ff',
      'textCodeBlock-background': '#000000',
      'textPreformat-foreground': '#ffffff',
      'textBlockQuote-background': '#000000',
      'textBlockQuote-border': '#ffffff',
      'badge-background': '#000000',
      'badge-foreground': '#ffffff',
      'inputValidation-errorBackground': '#000000',
      'inputValidation-errorBorder': '#f48771',
      'inputValidation-warningBorder': '#ffcc00',
      'chat-requestBorder': '#6fc3df',
    },
  },
};

export function themeCss(theme: string): string {
  const variables = { ...COMMON_VARIABLES, ...THEMES[theme].variables };
  return `html {\n${Object.entries(variables)
    .map(([name, value]) => `  --vscode-${name}: ${value};`)
    .join('\n')}\n}\n`;
}
