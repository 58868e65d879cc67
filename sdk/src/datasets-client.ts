import type { ApiClient } from "./api.ts";
import type {
  CreateDatasetOptions,
  Dataset,
  DatasetDiff,
  DatasetImport,
  DatasetRecord,
  DatasetVersion,
  DiffOptions,
  ExportOptions,
  ListDatasetsOptions,
  MergeResult,
  RecordPage,
  RecordsOptions,
  RestoreResult,
  UpdateDatasetOptions,
  UpdateRecordOptions,
} from "./dataset-types.ts";
import { diff, exportDataset, getImport, restore, versions } from "./dataset-versions.ts";
import {
  createDataset,
  deleteDataset,
  deleteRecords,
  findDataset,
  getDataset,
  listDatasets,
  records,
  updateDataset,
  updateRecord,
} from "./datasets.ts";
import { type FromTracesOptions, fromTraces } from "./from-traces.ts";
import type { ImportSource } from "./import-source.ts";
import {
  type ImportFileOptions,
  type ImportReport,
  importFile,
  type MergeOptions,
  mergeRecords,
} from "./imports.ts";

/**
 * A project's evaluation datasets (`client.datasets`, or the module-level `datasets` for the
 * client init() made). Every change makes a new version; reading at a version answers the records
 * as they were. Calls reject with a SightlineError: invalid_input before sending, api_error for
 * the API's answer (NOT_FOUND, CONFLICT while an import is open or for a taken name, INVALID_INPUT
 * naming the field), request_failed without one.
 */
export class Datasets {
  readonly #api: (call: string) => ApiClient;

  /** @internal `api` gives the client's API, or throws why there is none. */
  constructor(api: (call: string) => ApiClient) {
    this.#api = api;
  }

  /** @internal */
  apiFor(call: string): ApiClient {
    return this.#api(call);
  }

  /** A new dataset at version 0, without records; 409 CONFLICT when the name is taken. */
  async create(options: CreateDatasetOptions): Promise<Dataset> {
    return createDataset(this.#api("datasets.create()"), options);
  }

  async get(datasetId: string): Promise<Dataset> {
    return getDataset(this.#api("datasets.get()"), datasetId);
  }

  /** The dataset named exactly `name`, or null. */
  async find(name: string): Promise<Dataset | null> {
    return findDataset(this.#api("datasets.find()"), name);
  }

  /** One page of the project's datasets; follow `nextCursor` for more. */
  async list(options: ListDatasetsOptions = {}): Promise<{ datasets: Dataset[]; nextCursor: string | null }> {
    return listDatasets(this.#api("datasets.list()"), options);
  }

  /** Renames, describes or tags a dataset (not a version). */
  async update(options: UpdateDatasetOptions): Promise<Dataset> {
    return updateDataset(this.#api("datasets.update()"), options);
  }

  /** Deletes a dataset: hidden at once, its name free again; runs that used it keep their version. */
  async delete(datasetId: string): Promise<void> {
    return deleteDataset(this.#api("datasets.delete()"), datasetId);
  }

  /**
   * Merges records, matched on their inputs: a match gets outputs replaced when given and
   * expectations and tags merged key by key; others are inserted. One version, all or nothing (up
   * to 1,000 records in one request, more through one import session); no version when nothing
   * changed.
   */
  async merge(options: MergeOptions): Promise<MergeResult> {
    return mergeRecords(this.#api("datasets.merge()"), options);
  }

  /** One page of records at a version (default the current one), searched and filtered. */
  async records(options: RecordsOptions): Promise<RecordPage> {
    return records(this.#api("datasets.records()"), options);
  }

  /** Replaces a record's given fields (a new version); its id stays. */
  async updateRecord(options: UpdateRecordOptions): Promise<{ version: number; record: DatasetRecord }> {
    return updateRecord(this.#api("datasets.updateRecord()"), options);
  }

  async deleteRecords(options: {
    datasetId: string;
    ids: string[];
    message?: string;
  }): Promise<{ version: number; deleted: number }> {
    return deleteRecords(this.#api("datasets.deleteRecords()"), options);
  }

  /** The dataset's versions, newest first. */
  async versions(options: {
    datasetId: string;
    cursor?: string;
    limit?: number;
  }): Promise<{ versions: DatasetVersion[]; nextCursor: string | null }> {
    return versions(this.#api("datasets.versions()"), options);
  }

  /** Records added, removed and changed between two versions, paged. */
  async diff(options: DiffOptions): Promise<DatasetDiff> {
    return diff(this.#api("datasets.diff()"), options);
  }

  /** Makes a new version equal to an old one. */
  async restore(options: { datasetId: string; version: number; message?: string }): Promise<RestoreResult> {
    return restore(this.#api("datasets.restore()"), options);
  }

  /** A version's records as JSONL (default) or CSV, streamed. */
  async export(options: ExportOptions): Promise<ReadableStream<Uint8Array>> {
    return exportDataset(this.#api("datasets.export()"), options);
  }

  /** Imports a file (path, streamed) or `{ text }` as one version; bad rows are reported, not fatal. */
  async importFile(source: ImportSource, options: ImportFileOptions): Promise<ImportReport> {
    return importFile(this.#api("datasets.importFile()"), source, options);
  }

  /** Adds traces (chosen, or matching a filter) as records, and waits for the job's version. */
  async fromTraces(options: FromTracesOptions): Promise<DatasetImport> {
    return fromTraces(this.#api("datasets.fromTraces()"), options);
  }

  /** An import session or from-traces job: its progress and first 1,000 rejected rows. */
  async getImport(options: { datasetId: string; importId: string }): Promise<DatasetImport> {
    return getImport(this.#api("datasets.getImport()"), options);
  }
}
