// NetworksTests
