// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Coalition's public-chain notary
/// @notice Records when a 32-byte hash (a SHA-256 of a document, log entry or checkpoint) was first notarized.
/// The first notarization wins and cannot be changed, so the block time proves the hash existed by then.
contract CoalitionNotary {
    struct Entry {
        uint64 timestamp;
        uint64 blockNumber;
        address notary;
    }

    mapping(bytes32 => Entry) private entries;

    event Notarized(bytes32 indexed hash, address indexed notary, uint64 timestamp, uint64 blockNumber);

    function notarize(bytes32 hash) external {
        require(entries[hash].blockNumber == 0, "already notarized");
        entries[hash] = Entry(uint64(block.timestamp), uint64(block.number), msg.sender);
        emit Notarized(hash, msg.sender, uint64(block.timestamp), uint64(block.number));
    }

    /// @return timestamp block time of the first notarization, 0 if never notarized
    function lookup(bytes32 hash) external view returns (uint64 timestamp, uint64 blockNumber, address notary) {
        Entry memory e = entries[hash];
        return (e.timestamp, e.blockNumber, e.notary);
    }
}
