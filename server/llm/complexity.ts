/**
 * A cheap estimate of how hard a turn is, from the visitor's message alone (no model call): long
 * messages, code, multi-step wording and requests that need a tool or a lookup make a turn
 * complex. The router sends complex turns to a stronger model when the plan allows one.
 */

export interface Complexity {
  complex: boolean;
  score: number;
  signals: string[];
}

const MULTI_STEP =
  /\b(step[- ]by[- ]step|first\b.*\bthen|compare|comparison|pros and cons|trade-?offs?|explain why|analy[sz]e|plan|design|debug|troubleshoot|refactor|calculate|migrate|architecture)\b/i;
const TOOL_NEED =
  /\b(look up|check (my|the) (order|account|status|booking)|book (a|an|me)|cancel my|track (my|the)|refund my|update my|schedule)\b/i;
const CODE = /```|\b(function|const|let|var|class|def|import|SELECT|return)\b.*[;{}()=]|=>|<\/?[a-z]+>/;

export function estimateComplexity(text: string): Complexity {
  const signals: string[] = [];
  let score = 0;
  if (text.length > 1_200) {
    score += 2;
    signals.push("long");
  } else if (text.length > 400) {
    score += 1;
    signals.push("long");
  }
  if (CODE.test(text)) {
    score += 2;
    signals.push("code");
  }
  if (MULTI_STEP.test(text)) {
    score += 2;
    signals.push("multi-step");
  }
  const questions = (text.match(/\?/g) ?? []).length;
  if (questions >= 3) {
    score += 1;
    signals.push("several questions");
  }
  if (TOOL_NEED.test(text)) {
    score += 1;
    signals.push("tool");
  }
  return { complex: score >= 2, score, signals };
}
