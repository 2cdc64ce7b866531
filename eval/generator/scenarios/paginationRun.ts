import { CATEGORIES, operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import { establishedBrowserUsers, nthCandidate } from "../establishedClients.js";
import { SeededRandom } from "../seededRandom.js";
import { sessionIdentity } from "../sources/sessionTraffic.js";
import { TICKS_PER_MINUTE, TICKS_PER_SECOND, TICKS_PER_WINDOW } from "../ticks.js";
import type { PlanningContext } from "./planningContext.js";
import type { ScenarioPart } from "./scenarioPart.js";

export const PAGINATION_ENDPOINT = "catalog-api;list-products";
export const PAGINATION_PAGES = 30;

/**
 * A known shopper scrolls through 30 pages of one category within a few minutes: thirty
 * distinct `page` values from one client on one endpoint, as parameter enumeration would show.
 */
export function planPaginationRun(context: PlanningContext): ScenarioPart {
  const { random, timeline, population } = context;
  const window = context.windows.takeRandom(random, "pagination-run", 8, 22);
  // Candidate 0 (and every even one) is left to the single-client spike attack.
  const user = nthCandidate(establishedBrowserUsers(population), 1, "pagination-run");
  const clientIp = user.ips[0] as string;
  const startTick = timeline.windowStartTick(window);
  const category = random.pick(CATEGORIES);
  const seed = random.nextUint32();
  return {
    label: {
      benign: true,
      scenario: "pagination-run",
      entity: { clientIp, endpoint: PAGINATION_ENDPOINT, parameter: "page" },
      startMs: timeline.msOf(startTick),
      endMs: timeline.msOf(startTick + TICKS_PER_WINDOW),
      description: `A long-standing shopper scrolls through ${PAGINATION_PAGES} pages of ${category} products in a few minutes.`,
    },
    inject: (source, sink) => {
      const pageRandom = SeededRandom.stream(seed, "pagination-run");
      const client = sessionIdentity(user, pageRandom, population.carrierNatIps);
      const operation = operationFor(PAGINATION_ENDPOINT);
      let tick = startTick + pageRandom.int(8 * TICKS_PER_MINUTE);
      for (let page = 1; page <= PAGINATION_PAGES; page += 1) {
        const shape = {
          statusCode: 200,
          omitQuery: operation.query.map((spec) => spec.name),
          query: { category, sort: "popularity", page: String(page), pageSize: "25" },
        };
        sink.add(
          composeRequest(source.composer, pageRandom, operation, client, tick, "benign", shape),
        );
        tick += Math.round(pageRandom.uniform(3, 15) * TICKS_PER_SECOND);
      }
    },
  };
}
