import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';

// One line chart drawn by uPlot, loaded on first use: the library is fetched by
// the dashboard only (a chunk of its own; the content scripts and the side panel
// never import it). The canvas is decoration for screen readers (aria-hidden):
// every chart's numbers are in a table beside it, which is what they read and
// what the manager copies. Lines without a value in a step break there.

export interface ChartSeries {
  label: string;
  values: readonly (number | null)[];
  color: string;
  /** Draw points only (a marker such as the Pareto curve's 20% point). */
  pointsOnly?: boolean;
  dash?: number[];
}

export interface LineChartProps {
  xs: readonly number[];
  series: readonly ChartSeries[];
  /** x values are times in ms (shown as dates), else plain numbers formatted by formatX. */
  time?: boolean;
  formatX?: (x: number) => string;
  formatY: (y: number) => string;
  height?: number;
  testId?: string;
  /** Shown instead of an empty chart. */
  emptyText?: string;
}

type UPlotClass = typeof uPlot;
let loading: Promise<UPlotClass> | null = null;
function loadUPlot(): Promise<UPlotClass> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(
    ([m]) => (m as unknown as { default: UPlotClass }).default,
  );
  return loading;
}

let drawable: boolean | null = null;
function canDraw(): boolean {
  drawable ??= document.createElement('canvas').getContext('2d') !== null;
  return drawable;
}

export function LineChart({
  xs,
  series,
  time = true,
  formatX,
  formatY,
  height = 170,
  testId,
  emptyText = '',
}: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = box.current;
    // No canvas to draw on (a test DOM): the table beside the chart carries the numbers.
    if (!element || typeof ResizeObserver === 'undefined' || !canDraw()) return;
    let plot: uPlot | null = null;
    let live = true;
    let observer: ResizeObserver | null = null;
    loadUPlot().then(
      (UPlot) => {
        if (!live) return;
        const width = Math.max(200, element.clientWidth);
        const options: uPlot.Options = {
          width,
          height,
          legend: { show: series.length > 1, live: false },
          cursor: { drag: { x: false, y: false } },
          // A series that is zero throughout gets 0 to 1 (0 to 100% for a share), not uPlot's 0 to 100.
          scales: {
            x: { time: false },
            y: {
              range: (_u, min, max) =>
                min === 0 && max === 0 ? [0, 1] : UPlot.rangeNum(min, max, 0.1, true),
            },
          },
          series: [
            {},
            ...series.map(
              (s): uPlot.Series => ({
                label: s.label,
                stroke: s.color,
                width: s.pointsOnly ? 0 : 2,
                spanGaps: false,
                ...(s.dash ? { dash: s.dash } : {}),
                // Points always: a week with a value between two empty ones is a point, not a line.
                points: s.pointsOnly ? { show: true, size: 10, fill: s.color } : { show: true, size: 4 },
                value: (_u, v) => (v === null || v === undefined ? '—' : formatY(v)),
              }),
            ),
          ],
          axes: [
            {
              values: (_u, ticks) => ticks.map((x) => (formatX ? formatX(x) : String(x))),
              size: 32,
            },
            { values: (_u, ticks) => ticks.map((y) => formatY(y)), size: 76 },
          ],
        };
        const data = [Float64Array.from(xs), ...series.map((s) => s.values.map((v) => v ?? null))];
        plot = new UPlot(options, data as uPlot.AlignedData, element);
        observer = new ResizeObserver(() =>
          plot?.setSize({ width: Math.max(200, element.clientWidth), height }),
        );
        observer.observe(element);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [xs, series, time, formatX, formatY, height]);

  if (series.every((s) => s.values.every((v) => v === null || v === undefined)))
    return (
      <p className="hint chart-empty" data-testid={testId}>
        {emptyText}
      </p>
    );
  return (
    <div className="line-chart" aria-hidden="true" data-testid={testId}>
      {!failed && <div ref={box} className="line-chart-canvas" style={{ minHeight: height }} />}
    </div>
  );
}
