import t from 'tap';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError, MongoWriteConcernError } from 'mongodb';
import { isTransientMongoError } from '../../src/store/mongo/faults.js';

const server = (code: number, codeName: string) => new MongoServerError({ code, codeName, errmsg: codeName, ok: 0 });

t.test('MongoDB faults that may pass are told apart from the ones that will not', async (t) => {
  const cases: [string, unknown, boolean][] = [
    ['network error', new MongoNetworkError('connection reset'), true],
    ['no server selected in time', new MongoServerSelectionError('Server selection timed out', { type: 'Unknown', servers: new Map(), stale: false, compatible: true, heartbeatFrequencyMS: 10000, localThresholdMS: 15, setName: null, maxElectionId: null, maxSetVersion: null, commonWireVersion: 0, logicalSessionTimeoutMinutes: null } as never), true],
    ['not a writable primary', server(10107, 'NotWritablePrimary'), true],
    ['primary stepped down', server(189, 'PrimarySteppedDown'), true],
    ['shutting down', server(91, 'ShutdownInProgress'), true],
    ['disk full', server(14031, 'OutOfDiskSpace'), true],
    ['majority did not answer in time', new MongoWriteConcernError({ writeConcernError: { code: 64, codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out' } } as never), true],
    ['duplicate key', server(11000, 'DuplicateKey'), false],
    ['validator refused the document', server(121, 'DocumentValidationFailure'), false],
    ['not allowed', server(13, 'Unauthorized'), false],
    ['a bug of ours', new TypeError('expected a string query value'), false],
  ];
  for (const [what, error, transient] of cases) t.equal(isTransientMongoError(error), transient, what);
});
