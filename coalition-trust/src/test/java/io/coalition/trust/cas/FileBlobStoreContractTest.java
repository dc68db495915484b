package io.coalition.trust.cas;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class FileBlobStoreContractTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    BlobStore store() {
        return new FileBlobStore(dir);
    }
}
