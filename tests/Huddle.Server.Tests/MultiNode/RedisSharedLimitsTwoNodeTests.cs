using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.MultiNode;

/// <summary>
/// The two-node limit cases with <c>Bus:Provider=Redis</c>: the counters live in a real redis-server
/// (windows and per-node connection gauges), and still a client gets each limit once, not once per node.
/// </summary>
public sealed class RedisSharedLimitsTwoNodeTests(RedisSharedLimitsTwoNodeTests.RedisNodes nodes)
    : SharedLimitsTwoNodeCases(nodes), IClassFixture<RedisSharedLimitsTwoNodeTests.RedisNodes>
{
    public sealed class RedisNodes : Nodes
    {
        private RedisServer? _redis;

        public override async Task DisposeAsync()
        {
            try
            {
                await base.DisposeAsync();
            }
            finally
            {
                if (_redis is not null) await _redis.DisposeAsync();
            }
        }

        protected override async Task<Dictionary<string, string>> BusEnvironmentAsync()
        {
            _redis = await RedisServer.StartAsync();
            return new() { ["Bus__Provider"] = "Redis", ["Bus__Redis__Configuration"] = _redis.Configuration };
        }
    }
}
