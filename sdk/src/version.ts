/** Kept equal to package.json's version by a test (importing JSON is not portable across runtimes). */
export const SDK_VERSION = "0.1.0";
export const SDK_NAME = "@sightline/sdk";
