import { operationFor } from "../apiCatalog.js";
import { buildVisitor } from "../clientPopulation.js";
import { composeRequest } from "../composeRequest.js";
import { SeededRandom } from "../seededRandom.js";
import { sessionIdentity } from "../sources/sessionTraffic.js";
import { TICKS_PER_DAY, TICKS_PER_WINDOW } from "../ticks.js";
import type { PlanningContext } from "./planningContext.js";
import type { ScenarioPart } from "./scenarioPart.js";

export const SEARCH_ENDPOINT = "search-api;search";
export const SEARCH_PEOPLE = 250;
/** Terms ranked below this are rare enough that ordinary traffic seldom sends them. */
const LONG_TAIL_FROM_RANK = 1_500;

/**
 * A television mention sends 250 new people to the search box within one window, each typing one
 * to three rare terms: hundreds of distinct `q` values from many clients, as distributed
 * parameter enumeration would show.
 */
export function planSearchLongTail(context: PlanningContext): ScenarioPart {
  const { random, timeline } = context;
  const window = context.windows.takeRandom(random, "search-long-tail", 10, 21);
  const startTick = timeline.windowStartTick(window);
  const seed = random.nextUint32();
  return {
    label: {
      benign: true,
      scenario: "search-long-tail",
      entity: { endpoint: SEARCH_ENDPOINT, parameter: "q" },
      startMs: timeline.msOf(startTick),
      endMs: timeline.msOf(startTick + TICKS_PER_WINDOW),
      description: `${SEARCH_PEOPLE} new visitors each search one to three rare terms within one window after a television mention.`,
    },
    inject: (source, sink) => {
      const searchRandom = SeededRandom.stream(seed, "search-long-tail");
      const operation = operationFor(SEARCH_ENDPOINT);
      const rareTerms = source.composer.vocabulary.searchTermList.slice(LONG_TAIL_FROM_RANK);
      const day = Math.floor(startTick / TICKS_PER_DAY);
      for (let person = 0; person < SEARCH_PEOPLE; person += 1) {
        const kind = searchRandom.chance(0.6) ? "mobile" : "browser";
        const visitor = buildVisitor(
          searchRandom,
          `tv-visitor-${person}`,
          kind,
          day,
          source.reference,
          source.composer.vocabulary,
        );
        const client = sessionIdentity(visitor, searchRandom, source.population.carrierNatIps);
        const searches = searchRandom.between(1, 3);
        for (let search = 0; search < searches; search += 1) {
          const tick = startTick + searchRandom.int(TICKS_PER_WINDOW);
          const shape = { query: { q: searchRandom.pick(rareTerms) } };
          sink.add(
            composeRequest(source.composer, searchRandom, operation, client, tick, "benign", shape),
          );
        }
      }
    },
  };
}
