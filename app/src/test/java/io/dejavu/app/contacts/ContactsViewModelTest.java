package io.dejavu.app.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.app.session.Contact;
import io.dejavu.app.session.Contact.Presence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactsViewModelTest {
    private final List<String> dialled = new ArrayList<>();
    private final ContactsViewModel vm = new ContactsViewModel(dialled::add);

    @Test
    void listsOthersOnlineFirstThenByName() {
        vm.signedInAs("alice");
        vm.update(List.of(
                new Contact("zed", Presence.OFFLINE),
                new Contact("carol", Presence.ONLINE),
                new Contact("alice", Presence.ONLINE),
                new Contact("Bob", Presence.ONLINE)));
        assertEquals(
                List.of("Bob", "carol", "zed"),
                vm.contacts().stream().map(Contact::name).toList());
    }

    @Test
    void dialsWhoIsTyped() {
        vm.signedInAs("alice");
        vm.dialTextProperty().set("  bob ");
        vm.dialTyped();
        assertEquals(List.of("bob"), dialled);
        assertEquals("", vm.errorProperty().get());
    }

    @Test
    void refusesToDialNobodyOneselfOrSomeoneOffline() {
        vm.signedInAs("alice");
        vm.update(List.of(new Contact("zed", Presence.OFFLINE)));
        vm.dial("");
        assertEquals("Type the name of the person to call.", vm.errorProperty().get());
        vm.dial("alice");
        assertEquals("You cannot call yourself.", vm.errorProperty().get());
        vm.dial("zed");
        assertEquals("zed is offline.", vm.errorProperty().get());
        assertEquals(List.of(), dialled);
    }
}
