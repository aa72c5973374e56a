import type { BoardPage } from "./board-page.ts";
import type { MetricCharts } from "./evidence-pack.ts";

/**
 * A metric's charts as the site draws them: the board pack page holds every metric's SPC and trend figure, and
 * its hooks (window.allianceBoardPack, see src/components/board-pack.js) return each as the same SVG and PNG
 * files the site's download buttons save.
 */
interface PackHooks {
  chartIds(): string[];
  svg(id: string): string;
  png(id: string): Promise<string>;
}

declare global {
  interface Window {
    allianceBoardPack: PackHooks;
  }
}

export async function exportCharts(board: BoardPage, metricIds: readonly string[], onMetric: (id: string, done: number) => void = () => {}): Promise<Map<string, MetricCharts>> {
  const { page } = board;
  const available = new Set(await page.evaluate(() => window.allianceBoardPack.chartIds()));
  const chart = async (id: string) =>
    available.has(id)
      ? {
          svg: await page.evaluate((chartId) => window.allianceBoardPack.svg(chartId), id),
          png: new Uint8Array(Buffer.from(await page.evaluate((chartId) => window.allianceBoardPack.png(chartId), id), "base64")),
        }
      : null;
  const out = new Map<string, MetricCharts>();
  for (const [i, id] of metricIds.entries()) {
    out.set(id, { spc: await chart(`spc-${id}`), trend: await chart(`trend-${id}`) });
    onMetric(id, i + 1);
  }
  return out;
}
