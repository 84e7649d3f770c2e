// SelfSupervisedDepthTests
