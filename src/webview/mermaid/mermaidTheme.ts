// Colours for the diagram kinds Mermaid paints from its colour scale (pie slices, timeline and
// mindmap sections, journey and kanban columns). Mermaid's dark theme derives that scale from its
// node colour, which is almost VS Code's dark editor background, so the largest pie slice and the
// first timeline section vanish into the pane, and its light theme writes white labels on pale
// yellow. Each palette keeps its fills apart from the pane and its labels at WCAG AA (4.5:1 or
// more) on every fill: white on the dark palette, black on the light one.
// Names: Mermaid's theme variables (mermaid/dist/themes/theme-dark.d.ts and its neighbours).

const DARK_SCALE = [
  '#1f6fb2',
  '#b35a00',
  '#2e7d32',
  '#8e3fb0',
  '#b83232',
  '#00796b',
  '#8a6d00',
  '#4f6b7a',
  '#b0306a',
  '#6d5a2e',
  '#3f51b5',
  '#5c7a1f',
];
const LIGHT_SCALE = [
  '#a8cbef',
  '#f7c08a',
  '#a9d8a6',
  '#cfb0e6',
  '#f2a5a5',
  '#95d5ca',
  '#ebd57f',
  '#b9c6d1',
  '#eeb1cf',
  '#d6c39b',
  '#b3bcec',
  '#c6dc98',
];

export function themeVariables(theme: 'dark' | 'default'): Record<string, string> {
  const dark = theme === 'dark';
  const scale = dark ? DARK_SCALE : LIGHT_SCALE;
  const label = dark ? '#ffffff' : '#000000';
  const variables: Record<string, string> = {
    scaleLabelColor: label,
    pieSectionTextColor: label,
    // Slices outlined in the text colour of the theme, so neighbours stay apart on any pane.
    pieStrokeColor: dark ? '#cccccc' : '#333333',
    pieOuterStrokeColor: dark ? '#cccccc' : '#333333',
    pieOpacity: '1',
  };
  if (dark) {
    // Git branches (the first is also the mindmap's root): white names on the dark palette, not
    // light grey on grey and lilac.
    ['#6b6b6b', ...DARK_SCALE.slice(0, 7)].forEach((colour, index) => {
      variables[`git${index}`] = colour;
      variables[`gitBranchLabel${index}`] = '#ffffff';
    });
  }
  scale.forEach((colour, index) => {
    variables[`cScale${index}`] = colour;
    variables[`cScaleLabel${index}`] = label;
    variables[`pie${index + 1}`] = colour;
  });
  return variables;
}
