import adminActionsNotAudited from './admin-actions-not-audited.js';
import adminInterfaceExposed from './admin-interface-exposed.js';
import backupUnprotected from './backup-unprotected.js';
import brokerWithoutAuthentication from './broker-without-authentication.js';
import buildPipelineExposed from './build-pipeline-exposed.js';
import clientEmbeddedApiKey from './client-embedded-api-key.js';
import containerEscape from './container-escape.js';
import crossSiteRequestForgery from './cross-site-request-forgery.js';
import crossSiteScripting from './cross-site-scripting.js';
import databaseQueryInjection from './database-query-injection.js';
import datastoreReachableFromInternet from './datastore-reachable-from-internet.js';
import defaultCredentials from './default-credentials.js';
import dmzReachesPrivateZone from './dmz-reaches-private-zone.js';
import dosAcrossTrustBoundary from './dos-across-trust-boundary.js';
import exposedWithoutEdgeProtection from './exposed-without-edge-protection.js';
import flatNetworkMixingTrust from './flat-network-mixing-trust.js';
import identityProviderNotIsolated from './identity-provider-not-isolated.js';
import internetFacingUnauthenticated from './internet-facing-service-without-authentication.js';
import ldapInjection from './ldap-injection.js';
import llmOutputUnvalidated from './llm-output-unvalidated.js';
import logTampering from './log-tampering.js';
import messageTampering from './message-tampering.js';
import missingMfaForSensitiveAccess from './missing-mfa-for-sensitive-access.js';
import missingObjectLevelAuthorization from './missing-object-level-authorization.js';
import noRateLimitingAtEntry from './no-rate-limiting-at-entry.js';
import noSecretStore from './no-secret-store.js';
import noSecurityAlerting from './no-security-alerting.js';
import overPrivilegedWorkload from './over-privileged-workload.js';
import pathTraversalToFileStore from './path-traversal-to-file-store.js';
import promptInjection from './prompt-injection.js';
import publicObjectStorage from './public-object-storage.js';
import pushDeploymentIntoProduction from './push-deployment-into-production.js';
import queueFlooding from './queue-flooding.js';
import retrievalStorePoisoning from './retrieval-store-poisoning.js';
import searchQueryInjection from './search-query-injection.js';
import secretStoreNotIsolated from './secret-store-not-isolated.js';
import secretsInConfiguration from './secrets-in-configuration.js';
import securityEventsNotLogged from './security-events-not-logged.js';
import sensitiveDataAtRestUnencrypted from './sensitive-data-at-rest-unencrypted.js';
import sensitiveDataInLogs from './sensitive-data-in-logs.js';
import sensitiveDataToExternalLlm from './sensitive-data-to-external-llm.js';
import sensitiveDataToStoreUnencrypted from './sensitive-data-to-store-unencrypted.js';
import serverSideRequestForgery from './server-side-request-forgery.js';
import serviceRegistryPoisoning from './service-registry-poisoning.js';
import singlePointOfFailureStore from './single-point-of-failure-store.js';
import tlsTerminatedAtEdge from './tls-terminated-at-edge.js';
import tokenValidationNotDeclared from './token-validation-not-declared.js';
import unauthenticatedInternalService from './unauthenticated-internal-service.js';
import unencryptedExternalFlow from './unencrypted-external-flow.js';
import unencryptedInternalFlow from './unencrypted-internal-flow.js';
import unsafeDeserialization from './unsafe-deserialization.js';
import unscannedContainerImages from './unscanned-container-images.js';
import unsignedDeployment from './unsigned-deployment.js';
import userIdentityNotPropagated from './user-identity-not-propagated.js';
import webhookWithoutVerification from './webhook-without-verification.js';
import xmlExternalEntities from './xml-external-entities.js';
import type { Rule } from './rule.js';

/** Every rule Strider runs, in ID order. A registry test checks this matches the files. */
export const RULES: readonly Rule[] = [
  unauthenticatedInternalService,
  unencryptedInternalFlow,
  sensitiveDataToStoreUnencrypted,
  sensitiveDataInLogs,
  dmzReachesPrivateZone,
  internetFacingUnauthenticated,
  missingMfaForSensitiveAccess,
  tokenValidationNotDeclared,
  defaultCredentials,
  identityProviderNotIsolated,
  secretStoreNotIsolated,
  missingObjectLevelAuthorization,
  userIdentityNotPropagated,
  overPrivilegedWorkload,
  unencryptedExternalFlow,
  tlsTerminatedAtEdge,
  sensitiveDataAtRestUnencrypted,
  backupUnprotected,
  publicObjectStorage,
  databaseQueryInjection,
  ldapInjection,
  searchQueryInjection,
  crossSiteScripting,
  crossSiteRequestForgery,
  xmlExternalEntities,
  unsafeDeserialization,
  pathTraversalToFileStore,
  serverSideRequestForgery,
  exposedWithoutEdgeProtection,
  datastoreReachableFromInternet,
  flatNetworkMixingTrust,
  adminInterfaceExposed,
  secretsInConfiguration,
  noSecretStore,
  securityEventsNotLogged,
  logTampering,
  noSecurityAlerting,
  adminActionsNotAudited,
  noRateLimitingAtEntry,
  singlePointOfFailureStore,
  dosAcrossTrustBoundary,
  queueFlooding,
  buildPipelineExposed,
  unsignedDeployment,
  pushDeploymentIntoProduction,
  unscannedContainerImages,
  containerEscape,
  serviceRegistryPoisoning,
  brokerWithoutAuthentication,
  messageTampering,
  promptInjection,
  sensitiveDataToExternalLlm,
  retrievalStorePoisoning,
  llmOutputUnvalidated,
  webhookWithoutVerification,
  clientEmbeddedApiKey,
];

export { defineRule, LEVELS, STRIDE } from './rule.js';
export type {
  ControlState,
  Evidence,
  Finding,
  Level,
  Rule,
  RuleExample,
  RuleMeta,
  RuleReferences,
  StrideLetter,
} from './rule.js';
