/** Wall-clock seam: the outbox reads time only through here, so unit tests can move it. */
export const clock = {
  now: (): number => Date.now(),
};
