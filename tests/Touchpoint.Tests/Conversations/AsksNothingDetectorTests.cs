using Touchpoint.Features.Conversations;

namespace Touchpoint.Tests.Conversations;

public sealed class AsksNothingDetectorTests
{
    [Theory]
    // English
    [InlineData("Could you tell us the order number?")]
    [InlineData("Please send a photo of the damaged parcel.")]
    [InlineData("Let us know when it arrives.")]
    [InlineData("PLEASE   CONFIRM your address.")]
    // Russian
    [InlineData("Пришлите, пожалуйста, фото упаковки.")]
    [InlineData("Подскажите номер заказа?")]
    [InlineData("Сообщите, когда посылка придёт.")]
    [InlineData("Пришлёте чек из магазина.")]
    // Polish
    [InlineData("Proszę przesłać zdjęcie paragonu.")]
    [InlineData("Czy paczka już dotarła?")]
    [InlineData("Prosimy o podanie numeru zamówienia.")]
    [InlineData("Daj znać, gdy kurier przyjedzie.")]
    public void A_question_or_request_asks_something(string reply)
    {
        Assert.True(AsksNothingDetector.AsksSomething(reply));
        Assert.False(AsksNothingDetector.IsClockGaming(reply, setPending: true));
    }

    [Theory]
    // English
    [InlineData("Thank you, we have passed this on to the warehouse.")]
    [InlineData("Your refund has been issued.")]
    // Russian
    [InlineData("Спасибо, мы передали ваш вопрос на склад.")]
    [InlineData("Возврат оформлен.")]
    // Polish
    [InlineData("Dziękujemy, przekazaliśmy sprawę do magazynu.")]
    [InlineData("Zwrot został zlecony.")]
    public void A_statement_asks_nothing_and_is_flagged_when_it_pauses(string reply)
    {
        Assert.False(AsksNothingDetector.AsksSomething(reply));
        Assert.True(AsksNothingDetector.IsClockGaming(reply, setPending: true));
    }

    [Fact]
    public void A_reply_that_does_not_set_pending_is_never_flagged()
    {
        Assert.False(AsksNothingDetector.IsClockGaming("Your refund has been issued.", setPending: false));
    }

    [Theory]
    [InlineData("Track it here: https://example.com/track?id=42")]
    [InlineData("Śledź przesyłkę: www.example.pl/t?n=1")]
    public void A_question_mark_inside_a_link_is_not_a_question(string reply)
    {
        Assert.False(AsksNothingDetector.AsksSomething(reply));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_reply_asks_nothing(string? reply)
    {
        Assert.False(AsksNothingDetector.AsksSomething(reply));
        Assert.True(AsksNothingDetector.IsClockGaming(reply, setPending: true));
    }

    [Fact]
    public void A_phrase_inside_another_word_does_not_count()
    {
        // "scan you" must not match "can you".
        Assert.False(AsksNothingDetector.AsksSomething("We will scan you a copy tomorrow."));
    }
}
