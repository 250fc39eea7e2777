using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryWorkflowApiTests(InMemorySiloFixture silo) : WorkflowApiTests(silo), IClassFixture<InMemorySiloFixture>;
