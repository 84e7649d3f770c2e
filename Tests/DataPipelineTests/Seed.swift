// DataPipelineTests
