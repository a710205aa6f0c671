package io.dejavu.app.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.app.session.Contact;
import io.dejavu.app.session.Contact.Presence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactsViewModelTest {
    private final List<String> dialled = new ArrayList<>();
    private final List<String> blockRequests = new ArrayList<>();
    private final ContactsViewModel vm = new ContactsViewModel(dialled::add, new BlockList() {
        @Override
        public void block(String user) {
            blockRequests.add("block " + user);
        }

        @Override
        public void unblock(String user) {
            blockRequests.add("unblock " + user);
        }
    });

    @Test
    void blockedUsersStayListedSoTheyCanBeUnblocked() {
        vm.signedInAs("alice");
        vm.update(List.of(new Contact("bob", Presence.ONLINE)));
        vm.blockedUpdated(List.of("mallory"));
        assertEquals(
                List.of(new Contact("bob", Presence.ONLINE), new Contact("mallory", Presence.OFFLINE)),
                List.copyOf(vm.contacts()));
        assertTrue(vm.isBlocked("mallory"));
    }

    @Test
    void blockingAndUnblockingGoToTheSession() {
        vm.signedInAs("alice");
        vm.block("mallory");
        vm.unblock("mallory");
        assertEquals(List.of("block mallory", "unblock mallory"), blockRequests);
    }

    @Test
    void blockingYourselfIsRefusedWithASentence() {
        vm.signedInAs("alice");
        vm.block("alice");
        assertEquals("You cannot block yourself.", vm.errorProperty().get());
        assertTrue(blockRequests.isEmpty());
    }

    @Test
    void dialingABlockedUserSaysToUnblockFirst() {
        vm.signedInAs("alice");
        vm.blockedUpdated(List.of("mallory"));
        vm.dial("mallory");
        assertEquals(
                "You blocked mallory; unblock them to call.", vm.errorProperty().get());
        assertTrue(dialled.isEmpty());
    }

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
