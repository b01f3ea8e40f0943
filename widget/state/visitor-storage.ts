/**
 * What the widget remembers per publishable key: the visitor token (`clawless:<pk>:visitor`) and
 * the current conversation (`clawless:<pk>:conversation`). Falls back to memory where
 * localStorage is unavailable (sandboxed frames, some private modes) instead of failing.
 */
export class VisitorStorage {
  readonly #prefix: string;
  readonly #memory = new Map<string, string>();

  constructor(publishableKey: string) {
    this.#prefix = `clawless:${publishableKey}:`;
  }

  get visitorToken(): string | null {
    return this.#get("visitor");
  }
  set visitorToken(value: string | null) {
    this.#set("visitor", value);
  }

  get conversationId(): string | null {
    return this.#get("conversation");
  }
  set conversationId(value: string | null) {
    this.#set("conversation", value);
  }

  #get(name: string): string | null {
    try {
      return localStorage.getItem(this.#prefix + name);
    } catch {
      return this.#memory.get(name) ?? null;
    }
  }

  #set(name: string, value: string | null): void {
    try {
      if (value === null) localStorage.removeItem(this.#prefix + name);
      else localStorage.setItem(this.#prefix + name, value);
    } catch {
      if (value === null) this.#memory.delete(name);
      else this.#memory.set(name, value);
    }
  }
}
