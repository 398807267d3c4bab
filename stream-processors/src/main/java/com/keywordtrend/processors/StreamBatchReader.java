package com.keywordtrend.processors;

import com.keywordtrend.model.DynamoDbJobRepository;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads back the records of a failed batch from the stream (retention 24 h): an on-failure
 * destination receives only the batch's coordinates, never its records.
 */
public final class StreamBatchReader {
    /** Pages read at most per batch; a batch is a handful of records, so this only guards a runaway loop. */
    static final int MAX_PAGES = 50;

    private final DynamoDbStreamsClient streams;

    public StreamBatchReader(DynamoDbStreamsClient streams) {
        this.streams = streams;
    }

    /** The job ids of the INSERT records from {@code firstSequence} to {@code lastSequence}, inclusive. */
    public Set<String> insertedJobIds(String streamArn, String shardId, String firstSequence, String lastSequence) {
        BigInteger last = new BigInteger(lastSequence);
        Set<String> jobIds = new LinkedHashSet<>();
        String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(firstSequence)).shardIterator();
        for (int page = 0; page < MAX_PAGES && iterator != null; page++) {
            String current = iterator;
            GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(current).limit(100));
            for (Record record : response.records()) {
                if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(last) > 0) return jobIds;
                if (record.eventName() == OperationType.INSERT) {
                    jobIds.add(record.dynamodb().keys().get(DynamoDbJobRepository.JOB_ID).s());
                }
            }
            if (response.records().isEmpty()) return jobIds;
            iterator = response.nextShardIterator();
        }
        return jobIds;
    }
}
