/** Dispatches `clawless-<name>`: every widget event bubbles and crosses shadow roots. */
export function emit<T>(target: EventTarget, name: string, detail?: T, cancelable = false): boolean {
  return target.dispatchEvent(
    new CustomEvent(`clawless-${name}`, { bubbles: true, composed: true, cancelable, detail: detail ?? {} }),
  );
}
