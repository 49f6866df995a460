/**
 * The extension's pinned identity, with no imports (the manifest, the local server and tests read it).
 *
 * `EXTENSION_KEY` is the public key in the manifest's `key`: Chrome derives the extension id from it, so every
 * unpacked and test build has the one id `CHROME_EXTENSION_ID`, and the local server can serve that id only. When
 * the store listing exists, its public key (Developer Dashboard → Package → "View public key") replaces this one
 * and the id below changes with it; a unit test checks that the two agree.
 */
export const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyTkVtxWbRGxTgDspz5AMM9urkBawRDB6lzoKxaO3UEHJekSrVNoDau+uxSt+UhPe/Dg76Ew+BCZ+kP5qbzfw2ALa2ZvnRgstAdvGculvokS3hYPmMxsMBRKrBLT/iT1jtY3a9bwxRhyXGkPtxoPlr38Qpov/+aMEGpaoXrCfzxDVGgHOHlGdh2hU9F0pnK79BNw/cpssCkw+sh4PDy7sEIfHCHH6622A7alnR2IMgFxE81gtylqOznH/eMkFq7PIpme3GLx+Zm6xoR2lWaDJNsItYTphizVDM2ruSvLguh3G3K6ni0UU6ZWDgEuKEjjLJninvlCwJ/mNsYNfp60p6QIDAQAB';

/** The id Chrome derives from EXTENSION_KEY (SHA-256 of the key, first 32 hex digits written as a–p). */
export const CHROME_EXTENSION_ID = 'afheocnbepfpimchmmaaiiakhgnlpplo';

/** The Firefox add-on id (browser_specific_settings.gecko.id). Firefox gives each install a random origin UUID. */
export const GECKO_ID = 'extension@mnueron.com';
