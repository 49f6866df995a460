/** A settings card: an anchor for the page's nav, a heading, one sentence on what it is for, then the controls. */
import type { ComponentChildren } from 'preact';

export type SectionProps = {
  id: string;
  title: string;
  intro: ComponentChildren;
  children: ComponentChildren;
};

export function Section({ id, title, intro, children }: SectionProps) {
  return (
    <section class="card" id={id} aria-labelledby={`${id}-title`}>
      <header class="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <p class="muted">{intro}</p>
      </header>
      <div class="card-body">{children}</div>
    </section>
  );
}
