// The package root, `runBoardcal` and the other helpers of every test target.
@_exported import BoardCalTestSupport
