package com.keywordtrend.processors;

import com.keywordtrend.model.JobAttributes;
import com.keywordtrend.store.DynamoDbJobRepository;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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

    /** One INSERT of the range: the job it created and that job's type as written. */
    public record InsertedJob(String jobId, String jobType) {
    }

    private final DynamoDbStreamsClient streams;

    public StreamBatchReader(DynamoDbStreamsClient streams) {
        this.streams = streams;
    }

    /**
     * The INSERT records from {@code firstSequence} to {@code lastSequence}, inclusive, of every job
     * type: the range of a batch holds the records other mappings of the same stream read too.
     */
    public List<InsertedJob> inserts(String streamArn, String shardId, String firstSequence, String lastSequence) {
        BigInteger last = new BigInteger(lastSequence);
        List<InsertedJob> jobs = new ArrayList<>();
        String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(firstSequence)).shardIterator();
        for (int page = 0; page < MAX_PAGES && iterator != null; page++) {
            String current = iterator;
            GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(current).limit(100));
            for (Record record : response.records()) {
                if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(last) > 0) return jobs;
                AttributeValue id = record.dynamodb().hasKeys() ? record.dynamodb().keys().get(JobAttributes.JOB_ID) : null;
                if (record.eventName() != OperationType.INSERT || id == null || id.s() == null) continue;
                AttributeValue type = record.dynamodb().hasNewImage()
                        ? record.dynamodb().newImage().get(JobAttributes.JOB_TYPE) : null;
                jobs.add(new InsertedJob(id.s(), type == null ? null : type.s()));
            }
            if (response.records().isEmpty()) return jobs;
            iterator = response.nextShardIterator();
        }
        return jobs;
    }
}
