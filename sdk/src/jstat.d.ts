/** The one part of jStat (no published types) the SDK uses: Student's t quantile for intervals. */
declare module "jstat" {
  const jStat: { studentt: { inv(p: number, degreesOfFreedom: number): number } };
  export default jStat;
}
