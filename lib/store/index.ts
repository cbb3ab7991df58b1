export { canonicalJSON, sha256, sha256File } from './hash';
export { runtimeImports, importClosure, codeFiles, codeVersion, resetCodeVersionCache, joinCodeIdentity, trialHash } from './identity';
export type { CodeRoots } from './identity';
export { dataFiles, dataFingerprint, arraysFingerprint, datasetFingerprint, defaultFingerprintCache } from './fingerprint';
export { writeFileAtomic, renameDurable, mkdirDurable, fsyncPath, fsyncTree, removeOrphanTemps, tempName } from './durable';
export { tryLock, withLock, isLocked, lockOwner, staleMs } from './lock';
export type { Lock, LockOwner } from './lock';
export { provenance } from './provenance';
export type { Provenance } from './provenance';
export { DamageError, sealJSON, readSealedJSON, recordArtifact, verifyArtifact, checkContent, assertFiniteNumbers } from './verify';
export type { Artifact, ArtifactCheck } from './verify';
export {
  FOLD_RECORD, FOLD_MANIFEST, TRIAL_CONFIG, TRIAL_SUMMARY, foldDir, readFold, readFoldOrRepair, ensureFold, moveAside,
  writeTrialConfig, readTrialConfig, writeDerived, readDerived, readAllFolds, writeTrialSummary, readTrial, cleanTrial,
  diskUsage, repairByDefault, pathKind, linkDamage, ensureTrialDir, FOLD_MANIFEST_VERSION,
} from './store';
export type { FoldManifest, StoredFold, RepairOptions, FoldWork, EnsureFoldOptions } from './store';
export { faultPoint } from './faults';
export { holdTrials, liveHolds, whileUnheld } from './holds';
export type { TrialHolds } from './holds';
