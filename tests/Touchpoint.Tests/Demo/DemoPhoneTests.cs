using PhoneNumbers;
using Touchpoint.Features.Channels.Phone;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Demo;

namespace Touchpoint.Tests.Demo;

/// <summary>Demo numbers are real-looking numbers: valid in their country, so calls from them behave as real calls do.</summary>
public sealed class DemoPhoneTests
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    [Theory]
    [InlineData(0, "GB", "en")]
    [InlineData(1, "RU", "ru")]
    [InlineData(2, "PL", "pl")]
    public void Customer_numbers_are_valid_mobiles_of_the_country_of_their_language(int language, string region, string lang)
    {
        var random = new Random(17);
        for (var i = 0; i < 5000; i++)
        {
            var phone = DemoSeeder.MobileNumber(language, random);
            var parsed = Phones.Parse(phone, null);
            Assert.True(Phones.IsValidNumber(parsed), $"{phone} is not a valid number");
            Assert.Equal(region, Phones.GetRegionCodeForNumber(parsed));
            Assert.Equal(PhoneNumberType.MOBILE, Phones.GetNumberType(parsed));
            Assert.Equal(phone, CustomerRules.ToE164(phone, "PL"));
            Assert.Equal(lang, CallRules.LanguageOfNumber(phone));
        }
    }

    [Fact]
    public void Agent_desk_phones_are_valid_polish_numbers()
    {
        Assert.NotEmpty(DemoSeeder.AgentPhones);
        foreach (var phone in DemoSeeder.AgentPhones.Values)
        {
            var parsed = Phones.Parse(phone, null);
            Assert.True(Phones.IsValidNumber(parsed), $"{phone} is not a valid number");
            Assert.Equal("PL", Phones.GetRegionCodeForNumber(parsed));
            Assert.Equal(phone, CustomerRules.ToE164(phone, "PL"));
        }
    }
}
