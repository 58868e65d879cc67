import { useEffect, useState } from "preact/hooks";
import { getLocation, type Location, subscribe } from "./history";

/** Re-renders the caller whenever the URL changes. */
export function useLocation(): Location {
  const [location, setLocation] = useState(getLocation);
  useEffect(() => {
    // The URL may have changed between render and subscription.
    setLocation(getLocation());
    return subscribe(() => setLocation(getLocation()));
  }, []);
  return location;
}
