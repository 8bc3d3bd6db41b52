using FluxBatch.Api;
using FluxBatch.Execution.Coordination;

namespace FluxBatch.Runtime.Tests.Coordination;

public sealed class CoordinatorAddressTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6380", "redis://127.0.0.1:6380", 12.0)]
    [InlineData("redis://cache.internal", "redis://cache.internal:6379", 12.0)]
    [InlineData("redis://10.0.0.5:7000?lease=3", "redis://10.0.0.5:7000", 3.0)]
    [InlineData("local", "local", 12.0)]
    [InlineData("NONE", "none", 12.0)]
    public void Addresses_parse_with_their_lease(string text, string shown, double leaseSeconds)
    {
        var address = CoordinatorAddress.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal(shown, address!.ToString());
        Assert.Equal(TimeSpan.FromSeconds(leaseSeconds), address.LeaseTime);
    }

    [Theory]
    [InlineData("redis:/nohost", "expected redis://HOST:PORT")]
    [InlineData("http://127.0.0.1:6379", "expected redis://HOST:PORT")]
    [InlineData("redis://user:secret@127.0.0.1:6379", "only HOST, PORT and ?lease= are understood")]
    [InlineData("redis://127.0.0.1:6379?lease=0.1", "'lease=0.1' is not understood")]
    [InlineData("redis://127.0.0.1:6379?db=2", "'db=2' is not understood")]
    [InlineData("lcoal", "expected redis://HOST:PORT (optionally ?lease=SECONDS), local or none")]
    public void Bad_addresses_say_what_was_expected_and_never_echo_a_password(string text, string fragment)
    {
        Assert.Null(CoordinatorAddress.TryParse(text, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_account_is_a_short_hash_of_provider_and_key_never_the_key()
    {
        var key = new ApiKey("bfl-secret-key-0123456789");

        var account = AccountId.Of("bfl", key);

        Assert.Matches("^[0-9a-f]{16}$", account);
        Assert.Equal(account, AccountId.Of("bfl", new ApiKey("bfl-secret-key-0123456789")));
        Assert.NotEqual(account, AccountId.Of("comet", key));
        Assert.NotEqual(account, AccountId.Of("bfl", new ApiKey("bfl-secret-key-0123456780")));
        Assert.DoesNotContain("secret", account, StringComparison.Ordinal);
    }
}
