import { writeFileSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** The font the charts ask for; resvg falls back to any installed sans-serif without it. */
const CHART_FONT = "DejaVu Sans";
const PIXEL_RATIO = 2;

/** Shared look: one font, no chart border. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, subtitleFontSize: 11, anchor: "start" },
} as const;

/** Compiles a Vega-Lite spec, renders it to SVG without a browser, and returns the SVG text. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders `spec` to a PNG file at twice its nominal size, with the system's fonts. */
export async function writeChartPng(spec: TopLevelSpec, path: string): Promise<void> {
  const svg = await renderSvg(spec);
  const png = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    fitTo: { mode: "zoom", value: PIXEL_RATIO },
    background: "white",
  })
    .render()
    .asPng();
  writeFileSync(path, png);
}
