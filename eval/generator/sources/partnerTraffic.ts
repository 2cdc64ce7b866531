import type { PartnerClient } from "../clientPopulation.js";
import { composeRequest } from "../composeRequest.js";
import type { ClientIdentity, RequestSink } from "../generatedRequest.js";
import { SeededRandom } from "../seededRandom.js";
import { TICKS_PER_HOUR, TICKS_PER_SECOND } from "../ticks.js";
import { dailyVolume, TRAFFIC_MIX } from "../trafficMix.js";
import { hourShare, positionInHour } from "../trafficProfile.js";
import type { SourceContext, TrafficSource } from "./trafficSource.js";

const PARTNER_HEADER_BYTES = 420;
const MIN_POLL_SECONDS = 2;
const MAX_POLL_SECONDS = 3_600;

/**
 * Partner servers. Most call their integration's operations at a Poisson rate that follows the
 * damped office day; pollers call their first operation at a fixed period around the clock.
 */
export class PartnerTraffic implements TrafficSource {
  private readonly totalWeight: number;

  constructor(private readonly context: SourceContext) {
    this.totalWeight = context.population.partners.reduce(
      (sum, partner) => sum + partner.weight,
      0,
    );
  }

  emitHour(hour: number, sink: RequestSink): void {
    const day = Math.floor(hour / 24);
    const weekend = this.context.timeline.isWeekendDay(day);
    const dayVolume =
      dailyVolume("partner", this.context.requestsPerDay, weekend) *
      this.context.composer.conditions.volumeFactor(day);
    this.context.population.partners.forEach((partner, index) => {
      const random = SeededRandom.stream(this.context.composer.seed, `partner:${index}:${hour}`);
      const share = partner.weight / this.totalWeight;
      if (partner.polls) this.emitPolls(partner, share, hour, random, sink);
      else this.emitCalls(partner, dayVolume * share, hour, random, sink);
    });
  }

  private emitCalls(
    partner: PartnerClient,
    volume: number,
    hour: number,
    random: SeededRandom,
    sink: RequestSink,
  ): void {
    const profile = TRAFFIC_MIX.partner.profile;
    const count = random.poisson(volume * hourShare(profile, hour % 24));
    const hourStart = this.context.timeline.hourStartTick(hour);
    for (let call = 0; call < count; call += 1) {
      const tick =
        hourStart + Math.floor(positionInHour(profile, hour % 24, random) * TICKS_PER_HOUR);
      const operation = partner.operations.pick(random);
      sink.add(
        composeRequest(
          this.context.composer,
          random,
          operation,
          identity(partner, random),
          tick,
          "benign",
        ),
      );
    }
  }

  // A poller's rate is the partner's mean daily volume spread evenly: it ignores day and week.
  private emitPolls(
    partner: PartnerClient,
    share: number,
    hour: number,
    random: SeededRandom,
    sink: RequestSink,
  ): void {
    const perDay = TRAFFIC_MIX.partner.share * this.context.requestsPerDay * share;
    const periodSeconds = Math.min(MAX_POLL_SECONDS, Math.max(MIN_POLL_SECONDS, 86_400 / perDay));
    const periodTicks = Math.round(periodSeconds * TICKS_PER_SECOND);
    const hourStart = this.context.timeline.hourStartTick(hour);
    const phase = pollPhase(this.context.composer.seed, partner, periodTicks);
    const first = hourStart + positiveModulo(phase - hourStart, periodTicks);
    const operation = partner.operations.items[0];
    if (operation === undefined) return;
    for (let tick = first; tick < hourStart + TICKS_PER_HOUR; tick += periodTicks) {
      const jitter = Math.round(random.uniform(0, 0.02) * periodTicks);
      sink.add(
        composeRequest(
          this.context.composer,
          random,
          operation,
          identity(partner, random),
          tick + jitter,
          "benign",
        ),
      );
    }
  }
}

/** The identity a partner's call carries: one of its egress addresses. */
export function partnerIdentity(partner: PartnerClient, ip: string): ClientIdentity {
  return {
    key: partner.key,
    kind: "partner",
    callerIp: ip,
    userAgent: partner.userAgent,
    subscriptionId: partner.subscriptionId,
    headerBytes: PARTNER_HEADER_BYTES,
  };
}

function identity(partner: PartnerClient, random: SeededRandom): ClientIdentity {
  return partnerIdentity(partner, random.pick(partner.ips));
}

function pollPhase(seed: number, partner: PartnerClient, periodTicks: number): number {
  return SeededRandom.stream(seed, `poll-phase:${partner.key}`).int(periodTicks);
}

function positiveModulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}
