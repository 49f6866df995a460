/**
 * A component whose code is loaded after the first frame (a dynamic import, its own chunk): the popup's first chunk
 * holds only what its first frame needs. Until the code has arrived it renders nothing; then every mounted copy
 * renders. `preload()` starts the import without rendering (main.tsx calls it right after the first render).
 */
import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type LazyComponent<P> = FunctionComponent<P> & { preload(): Promise<ComponentType<P>> };

export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then((component) => {
      loaded = component;
      return component;
    }));
  const Lazy = (props: P) => {
    const [, setReady] = useState(false);
    useEffect(() => {
      if (!loaded) void preload().then(() => setReady(true));
    }, []);
    const Component = loaded;
    return Component ? <Component {...props} /> : null;
  };
  return Object.assign(Lazy, { preload });
}
