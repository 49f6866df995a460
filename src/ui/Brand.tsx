/** The logo and product name, as both pages' headers show it. The icon ships in the build at /icons/icon48.png. */
export type BrandProps = { size?: number; subtitle?: string };

export function Brand({ size = 28, subtitle }: BrandProps) {
  return (
    <div class="brand">
      <img src="/icons/icon48.png" width={size} height={size} alt="" />
      <span class="brand-name">Mnueron</span>
      {subtitle && <span class="brand-subtitle">{subtitle}</span>}
    </div>
  );
}
