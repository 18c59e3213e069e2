// Unit tests of the sentinel decision logic (src/sentinel/core), on constructed states and a recording io:
// no sockets, no wall clock. The cases live in sentinel-decisions/, one file per area of sentinel.c.

import { askCases } from './sentinel-decisions/ask.cases.js';
import { downDetectionCases } from './sentinel-decisions/down-detection.cases.js';
import { electionCases } from './sentinel-decisions/election.cases.js';
import { failoverCases } from './sentinel-decisions/failover.cases.js';
import { hasteCases } from './sentinel-decisions/haste.cases.js';
import { helloCases } from './sentinel-decisions/hello.cases.js';
import { infoRefreshCases } from './sentinel-decisions/info-refresh.cases.js';
import { replicaSelectionCases } from './sentinel-decisions/replica-selection.cases.js';
import { timerCases } from './sentinel-decisions/timer.cases.js';

downDetectionCases();
askCases();
electionCases();
replicaSelectionCases();
failoverCases();
helloCases();
infoRefreshCases();
timerCases();
hasteCases();
