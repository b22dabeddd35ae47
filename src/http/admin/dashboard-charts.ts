import type { TopLevelSpec } from "vega-lite";

/**
 * The dashboard's charts, drawn on the server by Vega-Lite into SVG strings: no script reaches the
 * browser and nothing loads from another origin, so the admin CSP stays `default-src 'none'`.
 * Vega's headless renderer ('none') measures text without a canvas. The SVG is decoration: the
 * page puts the same numbers in a table beside it, which is what a screen reader reads.
 */

/** One bar per category, in the order given. Values in major units (e.g. euros). */
export interface BarDatum {
  readonly label: string;
  readonly value: number;
}

/** Stacked columns: `group` along the axis, `part` stacked and coloured. */
export interface StackDatum {
  readonly group: string;
  readonly part: string;
  readonly value: number;
}

const WIDTH = 360;
const HEIGHT = 180;

const CONFIG = {
  background: "#ffffff",
  font: "system-ui, sans-serif",
  aria: false,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, labelColor: "#333", domainColor: "#888" },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: "bottom" },
} as const;

/** Vega and Vega-Lite load on the first chart drawn, not at start-up: most processes draw none. */
const libraries = async () => {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  return { parse: vega.parse, View: vega.View, compile: vegaLite.compile };
};

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const { parse, View, compile } = await libraries();
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A column chart; columns keep the order of `data`. */
export function barChart(
  data: readonly BarDatum[],
  options: { readonly color?: string } = {},
): Promise<string> {
  const order = data.map((d) => d.label);
  const category = {
    field: "label",
    type: "nominal" as const,
    sort: order,
    title: null,
    axis: { labelLimit: 220, labelAngle: -40 },
  };
  const amount = {
    field: "value",
    type: "quantitative" as const,
    title: null,
    // Plain integers while they stay short; "120k" beyond (the exact figures are in the table).
    axis: { format: Math.max(0, ...data.map((d) => d.value)) >= 10_000 ? "~s" : "d", tickCount: 4 },
  };
  return toSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: data.map((d) => ({ ...d })) },
    mark: { type: "bar", color: options.color ?? "#2b6cb0" },
    encoding: { x: category, y: amount },
  } as TopLevelSpec);
}

/** Stacked columns with a legend (kept / broken / running per kind of agreement). */
export function stackedChart(
  data: readonly StackDatum[],
  parts: readonly { readonly label: string; readonly color: string }[],
): Promise<string> {
  const groups = [...new Set(data.map((d) => d.group))];
  const rank = (part: string) => parts.findIndex((p) => p.label === part);
  return toSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: data.map((d) => ({ ...d, order: rank(d.part) })) },
    mark: "bar",
    encoding: {
      x: {
        field: "group",
        type: "nominal",
        sort: groups,
        title: null,
        axis: { labelLimit: 220, labelAngle: 0 },
      },
      y: { field: "value", type: "quantitative", title: null, axis: { tickMinStep: 1 } },
      color: {
        field: "part",
        type: "nominal",
        title: null,
        scale: { domain: parts.map((p) => p.label), range: parts.map((p) => p.color) },
      },
      order: { field: "order", type: "quantitative" },
    },
  } as TopLevelSpec);
}
