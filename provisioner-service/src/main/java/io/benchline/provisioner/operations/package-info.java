/**
 * Site operations the lifecycle asks for (SUSPEND, RESUME, ARCHIVE): carried out on the site the ledger names, once
 * per operationId, and answered with SiteOperationCompleted (an ARCHIVE's with its verified backup).
 */
package io.benchline.provisioner.operations;
