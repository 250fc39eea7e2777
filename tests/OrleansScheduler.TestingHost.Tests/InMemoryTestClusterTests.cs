using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class InMemoryTestClusterTests(ITestOutputHelper output) : TestClusterTests(b => b.UseInMemory(), output);
