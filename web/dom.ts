/**
 * Builds elements from text with textContent only: nothing from the input is ever parsed as
 * HTML, so a label like `<img onerror=...>` stays a label.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child !== undefined) element.append(child);
  }
  return element;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

export function replaceChildren(parent: Element, children: (Node | string)[]): void {
  parent.replaceChildren(...children);
}

export function option(value: string, label = value): HTMLOptionElement {
  return el('option', { value }, label);
}

/** Replaces a select's options after the first ("all"), keeping the choice when it remains. */
export function setOptions(select: HTMLSelectElement, values: readonly [string, string][]): void {
  const chosen = select.value;
  const first = select.options[0];
  select.replaceChildren(...(first ? [first] : []), ...values.map(([v, l]) => option(v, l)));
  select.value = values.some(([value]) => value === chosen) ? chosen : '';
}

/** Calls `action` once `delayMs` passed without another call: typing re-analyzes once. */
export function debounce(action: () => void, delayMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(action, delayMs);
  };
}

/** Saves text as a file, from memory: nothing is sent anywhere. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
