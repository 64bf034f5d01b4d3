// The package root, scratch folders and the other helpers of every test target.
@_exported import BoardCalTestSupport
