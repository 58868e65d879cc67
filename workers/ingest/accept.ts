import { type NormalisedSpan, normaliseSpan, usageProblem } from "./normalise";
import { type DecodedExport, invalidReason, type Rejections, reject, timeEvents } from "./otlp/model";

/**
 * The one gate between a decoded export and storage: every rule a span must pass, in one place
 * (ids and the time window on the span as sent, then its usage once normalised). Spans that fail
 * are counted with a reason for OTLP partial success and never stored.
 */
export function acceptSpans(
  decoded: DecodedExport,
  receivedUs: number,
): { spans: NormalisedSpan[] } & Rejections {
  const rejections: Rejections = { rejected: decoded.rejected, errors: [...decoded.errors] };
  const spans: NormalisedSpan[] = [];
  for (const raw of decoded.spans) {
    const timed = timeEvents(raw);
    const invalid = invalidReason(timed, receivedUs);
    if (invalid) {
      reject(rejections, invalid);
      continue;
    }
    const span = normaliseSpan(timed);
    const unusable = usageProblem(span);
    if (unusable) reject(rejections, unusable);
    else spans.push(span);
  }
  return { spans, ...rejections };
}
