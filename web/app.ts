import { IMPORTERS, type Analysis, type Problem, type Threat } from '../src/index.js';
import { analyzePage } from './analysis.js';
import { DiagramView, type ElementRef } from './diagram.js';
import { byId, debounce, el, option } from './dom.js';
import { downloadButtons } from './downloads.js';
import { elementPanel, type ElementEdit } from './element-panel.js';
import { withHints } from './hints.js';
import { ThreatList } from './threat-list.js';

/** Re-analysis waits this long after the last keystroke. */
const TYPING_DELAY_MS = 300;

const EXAMPLE = `flowchart LR
  user[Customer] -->|HTTPS| web[Web App]
  web --> api[Orders API]
  api --> db[(Orders DB)]
  api --> cache[(Redis Cache)]
`;

/**
 * The page: text in, the diagram as understood and its threats out, all in the browser. The
 * pieces talk through this one place, which holds the latest analysis and the selection.
 */
class Page {
  private readonly sourceBox = byId<HTMLTextAreaElement>('source');
  private readonly hintsBox = byId<HTMLTextAreaElement>('hints');
  private readonly formatSelect = byId<HTMLSelectElement>('format');
  private readonly status = byId<HTMLSpanElement>('status');
  private readonly problemList = byId<HTMLUListElement>('problems');
  private readonly elementBox = byId<HTMLDivElement>('element');
  private readonly fileName = byId<HTMLSpanElement>('file-name');
  private readonly diagram = new DiagramView(byId('diagram'), (ref) => this.selectElement(ref));
  private readonly threats = new ThreatList((threat) => this.threatSelected(threat));
  private analysis: Analysis | undefined;
  private file: string | undefined;
  private element: ElementRef | undefined;

  start(): void {
    for (const importer of IMPORTERS) {
      const choice = option(importer.format);
      choice.title = importer.description;
      this.formatSelect.append(choice);
    }
    byId('downloads').replaceChildren(
      ...downloadButtons({
        analysis: () => this.analysis,
        input: () => ({ text: this.sourceBox.value, file: this.file }),
        hints: () => this.hintsBox.value,
      }),
    );
    const later = debounce(() => this.update(), TYPING_DELAY_MS);
    this.sourceBox.addEventListener('input', later);
    this.hintsBox.addEventListener('input', later);
    this.formatSelect.addEventListener('change', () => this.update());
    byId<HTMLInputElement>('open-file').addEventListener('change', (event) => {
      const file = (event.target as HTMLInputElement).files?.[0];
      if (file) void this.open(file);
    });
    this.acceptDrops();
    if (!this.sourceBox.value) this.sourceBox.value = EXAMPLE;
    this.update();
  }

  private acceptDrops(): void {
    document.addEventListener('dragover', (event) => event.preventDefault());
    document.addEventListener('drop', (event) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void this.open(file);
    });
  }

  private async open(file: File): Promise<void> {
    this.file = file.name;
    this.fileName.textContent = file.name;
    this.sourceBox.value = await file.text();
    this.update();
  }

  private update(): void {
    const result = analyzePage({
      text: this.sourceBox.value,
      file: this.file,
      format: this.formatSelect.value || undefined,
      hints: this.hintsBox.value,
    });
    for (const button of document.querySelectorAll<HTMLButtonElement>('#downloads button')) {
      button.disabled = !result.ok && button.dataset.format !== 'hints';
    }
    if (!result.ok) {
      this.analysis = undefined;
      this.showProblems(result.problems);
      this.status.textContent = `Cannot read the input: ${result.problems.length} problem(s)`;
      this.threats.show([], { zones: [], components: [], flows: [], dataClasses: [] });
      this.diagram.clear('Nothing to draw until the input reads.');
      this.elementBox.hidden = true;
      return;
    }
    const { analysis } = result;
    this.analysis = analysis;
    const { report, model } = analysis;
    this.showProblems([...analysis.warnings, ...report.problems]);
    this.status.textContent =
      `${report.threats.length} threats · ${model.components.length} components · ` +
      `${model.flows.length} flows · ${model.zones.length} zones · read as ${analysis.format} ` +
      `in ${Math.round(result.elapsedMs)} ms`;
    this.threats.show(report.threats, model);
    this.diagram.draw(model, report.threats).then(
      () => this.rehighlight(),
      (error: unknown) => this.diagram.clear(`The diagram could not be drawn: ${String(error)}`),
    );
    this.showElement();
  }

  private showProblems(problems: readonly Problem[]): void {
    this.problemList.replaceChildren(...problems.map((problem) => this.problemItem(problem)));
  }

  /** One problem; its position is a button that puts the caret there. */
  private problemItem(problem: Problem): HTMLLIElement {
    const where = problem.line
      ? `${problem.file ?? 'input'}:${problem.line}:${problem.column}`
      : undefined;
    const link = where ? el('button', { type: 'button', class: 'link' }, where) : undefined;
    link?.addEventListener('click', () => this.reveal(problem));
    return el(
      'li',
      { class: problem.severity },
      `${problem.severity}: `,
      link,
      ` ${problem.message}`,
    );
  }

  /** Puts the caret where a problem is, in the text box it is about. */
  private reveal(problem: Problem): void {
    const box = problem.file === 'hints.yaml' ? this.hintsBox : this.sourceBox;
    const lines = box.value.split('\n').slice(0, (problem.line ?? 1) - 1);
    const lineStart = lines.reduce((sum, line) => sum + line.length + 1, 0);
    const offset = lineStart + (problem.column ?? 1) - 1;
    box.focus();
    box.setSelectionRange(offset, offset);
  }

  private threatSelected(threat: Threat | undefined): void {
    this.element = undefined;
    this.elementBox.hidden = true;
    this.diagram.highlight(threat ? threatElements(threat) : []);
  }

  private selectElement(ref: ElementRef): void {
    if (ref.kind === 'zone') return;
    this.threats.select(undefined);
    this.element = ref;
    this.showElement();
    this.diagram.highlight([ref]);
  }

  private showElement(): void {
    const panel =
      this.element &&
      this.analysis &&
      elementPanel(this.element, this.analysis.model, this.analysis.report.threats, {
        selectThreat: (id) => this.threats.select(id),
        edit: (edit) => this.applyEdit(edit),
      });
    this.elementBox.hidden = !panel;
    this.elementBox.replaceChildren(...(panel ?? []));
  }

  private applyEdit(edit: ElementEdit): void {
    const text = withHints(this.hintsBox.value, edit.section, edit.id, edit.changes);
    if (text === undefined) {
      this.status.textContent = 'Fix the hints text first: it is not a YAML mapping.';
      return;
    }
    this.hintsBox.value = text;
    this.update();
  }

  private rehighlight(): void {
    const threat = this.analysis?.report.threats.find((t) => t.id === this.threats.selectedId);
    if (threat) this.diagram.highlight(threatElements(threat));
    else if (this.element) this.diagram.highlight([this.element]);
  }
}

function threatElements(threat: Threat): ElementRef[] {
  return [
    ...threat.components.map((id) => ({ kind: 'component' as const, id })),
    ...threat.flows.map((id) => ({ kind: 'flow' as const, id })),
  ];
}

new Page().start();
